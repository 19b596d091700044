// Compiled by `tsc --noEmit` in `just test`: the generated clients' types must say what the contracts say.
import { auth, files, simulation } from "../../generated/ts/index";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

export async function signedIn(baseUrl: string, token: string): Promise<string> {
  const client = auth.createAuthClient({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const { data, error } = await client.GET("/auth/me");
  if (error !== undefined) {
    // Every error answer is the RFC 9457 problem body.
    expectType<Equal<typeof error, auth.Problem>>();
    return `${error.status} ${error.title}`;
  }
  expectType<Equal<typeof data, auth.User>>();
  return data.email;
}

export async function login(baseUrl: string): Promise<string | undefined> {
  const client = auth.createAuthClient({ baseUrl });
  // @ts-expect-error the body must carry a password
  await client.POST("/auth/login", { body: { email: "a@example.com" } });
  const { data } = await client.POST("/auth/login", { body: { email: "a@example.com", password: "pw" } });
  return data?.access_token;
}

export async function pathParameters(baseUrl: string, id: string): Promise<number | undefined> {
  const client = files.createFilesClient({ baseUrl });
  // @ts-expect-error a path parameter is required
  await client.GET("/files/{file_id}", {});
  const { data } = await client.GET("/files/{file_id}", { params: { path: { file_id: id } } });
  return data?.size;
}

export async function unknownPath(baseUrl: string): Promise<void> {
  const client = simulation.createSimulationClient({ baseUrl });
  // @ts-expect-error no such operation in the contract
  await client.GET("/simulation/no-such-path");
}
