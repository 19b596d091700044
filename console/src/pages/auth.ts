// Sign up and sign in.
import { field, h, page, replace } from "../dom";
import { go } from "../router";
import { signIn, signUp } from "../session";
import { busy, errorBox } from "../ui";

function credentialsForm(kind: "sign-in" | "sign-up"): HTMLElement {
  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "username", "data-testid": "email" });
  const password = h("input", {
    type: "password", name: "password", required: true,
    autocomplete: kind === "sign-up" ? "new-password" : "current-password", "data-testid": "password",
  });
  const name = h("input", { type: "text", name: "display_name", autocomplete: "name", "data-testid": "display-name" });
  const submit = h("button", { type: "submit", "data-testid": "submit" }, kind === "sign-up" ? "Create account" : "Sign in");
  const errors = errorBox();
  const form = h("form", { "aria-label": kind === "sign-up" ? "Sign up" : "Sign in" },
    field("Email", email), field("Password", password), kind === "sign-up" ? field("Display name (optional)", name) : null,
    errors.element, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, async () => {
      if (kind === "sign-up") await signUp(email.value, password.value, name.value.trim());
      else await signIn(email.value, password.value);
      go("files");
    });
  });
  return form;
}

export function renderSignIn(outlet: HTMLElement): void {
  replace(outlet, page("Sign in", "sign-in-page", credentialsForm("sign-in"),
    h("p", {}, "No account yet? ", h("a", { href: "#/sign-up" }, "Sign up"))));
}

export function renderSignUp(outlet: HTMLElement): void {
  replace(outlet, page("Sign up", "sign-up-page", credentialsForm("sign-up"),
    h("p", {}, "Have an account? ", h("a", { href: "#/sign-in" }, "Sign in"))));
}
