// Shared pieces of the pages: the error box for Problem bodies, a busy button, a status line.
import { h, replace } from "./dom";
import { problemOf } from "./problem";

/** An alert region that shows a Problem body (title, detail, field errors). */
export function errorBox(): { element: HTMLElement; show: (error: unknown) => void; clear: () => void } {
  const element = h("div", { class: "error", role: "alert", "data-testid": "error", hidden: true });
  return {
    element,
    show(error: unknown) {
      const problem = problemOf(error);
      const errors = problem.errors ?? [];
      replace(
        element,
        h("strong", { "data-testid": "error-title" }, problem.status ? `${problem.status} ${problem.title ?? ""}` : (problem.title ?? "Error")),
        problem.detail ? h("p", { "data-testid": "error-detail" }, problem.detail) : null,
        errors.length
          ? h("ul", {}, ...errors.map((e) => h("li", {}, `${e.field ?? e.pointer ?? ""}${e.field || e.pointer ? ": " : ""}${e.message}`)))
          : null,
      );
      element.hidden = false;
    },
    clear() {
      element.hidden = true;
      element.replaceChildren();
    },
  };
}

/** Run `action` with `button` disabled; errors go to `errors`. */
export async function busy(button: HTMLButtonElement, errors: ReturnType<typeof errorBox>, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  errors.clear();
  try {
    await action();
  } catch (error) {
    errors.show(error);
  } finally {
    button.disabled = false;
  }
}

/** A polite live region for "done" messages. */
export function statusLine(testid: string): HTMLElement {
  return h("p", { class: "status", role: "status", "aria-live": "polite", "data-testid": testid });
}
