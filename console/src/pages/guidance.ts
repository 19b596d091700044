// Guidance: run an analysis; recommendations with the rule that made each and the figures behind it; dismiss.
import type { guidance } from "../../../generated/ts/index";
import { h, page, replace } from "../dom";
import { ok } from "../problem";
import { api } from "../session";
import { busy, errorBox, statusLine } from "../ui";
import { periodInputs } from "./period";

function recommendationCard(item: guidance.Recommendation, errors: ReturnType<typeof errorBox>, refresh: () => Promise<void>): HTMLElement {
  const about = `${item.rule_id}${item.subject ? ` on ${item.subject}` : ""}`;
  const dismiss = h("button", { type: "button", "data-testid": "dismiss", "aria-label": `Dismiss ${about}` }, "Dismiss");
  dismiss.addEventListener("click", () => void busy(dismiss, errors, async () => {
    ok(await api.guidance.POST("/guidance/recommendations/{recommendation_id}/dismiss", { params: { path: { recommendation_id: item.id } } }));
    await refresh();
  }));
  return h("li", { class: `recommendation ${item.priority}`, "data-testid": "recommendation", "data-rule-id": item.rule_id },
    h("p", { class: "message" }, h("span", { class: "priority" }, item.priority), " ", item.message),
    h("p", { class: "reason" }, "Rule ", h("code", { "data-testid": "rule-id" }, `${item.rule_id} v${item.rule_version}`),
      item.subject ? ` on ${item.subject}` : "", " because:"),
    h("ul", { class: "inputs", "data-testid": "reasons" },
      ...item.inputs.map((input) => h("li", {}, `${input.name} = ${Number.isInteger(input.value) ? input.value : input.value.toFixed(2)}`))),
    dismiss);
}

export async function renderGuidance(outlet: HTMLElement): Promise<void> {
  const dates = periodInputs("analysis");
  const submit = h("button", { type: "submit", "data-testid": "analyze" }, "Analyze");
  const errors = errorBox();
  const done = statusLine("analysis-status");
  const list = h("ul", { class: "recommendations", "data-testid": "recommendations" });
  const refresh = async (): Promise<void> => {
    const items = ok(await api.guidance.GET("/guidance/recommendations", { params: { query: { status: "active", limit: 100 } } })).items;
    replace(list, ...(items.length ? items.map((item) => recommendationCard(item, errors, refresh)) : [h("li", {}, "No active recommendations.")]));
  };
  const form = h("form", { "aria-label": "Run an analysis", class: "row" }, dates.element, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, async () => {
      const analysis = ok(await api.guidance.POST("/guidance/analyses", { body: { start: dates.start.value, end: dates.end.value, fire_probability: false } }));
      done.textContent = `Analysis made ${analysis.recommendations.length} recommendation(s) (rules ${analysis.rules_version}).`;
      await refresh();
    });
  });
  replace(outlet, page("Guidance", "guidance-page", form, errors.element, done, h("h2", {}, "Recommendations"), list));
  await refresh();
}
