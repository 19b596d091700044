// Errors are RFC 9457 problem bodies; the console shows their title, detail and field errors.

export interface ProblemLike {
  status?: number;
  title?: string;
  detail?: string | null;
  errors?: { field?: string; message: string; pointer?: string }[] | null;
}

/** A failed call: its problem body, or what went wrong before one could be read. */
export class ApiError extends Error {
  constructor(readonly problem: ProblemLike) {
    super(problem.title ?? "Request failed");
  }
}

/** The data of an openapi-fetch answer, or an ApiError carrying its problem body. */
export function ok<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || answer.data === undefined) {
    const body = (answer.error ?? {}) as ProblemLike;
    throw new ApiError({ status: answer.response.status, title: answer.response.statusText, ...body });
  }
  return answer.data;
}

/** The problem an exception stands for (network failures included). */
export function problemOf(error: unknown): ProblemLike {
  if (error instanceof ApiError) return error.problem;
  return { title: "The request did not complete", detail: error instanceof Error ? error.message : String(error) };
}
