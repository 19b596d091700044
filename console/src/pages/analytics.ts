// Analytics: cash flow per period, the health score and its components, spending by category.
import { barList, cashFlowChart, gauge } from "../charts";
import { field, h, money, page, replace } from "../dom";
import { ok } from "../problem";
import { api } from "../session";
import { busy, errorBox } from "../ui";
import { periodInputs } from "./period";

export async function renderAnalytics(outlet: HTMLElement): Promise<void> {
  const dates = periodInputs("metrics");
  const period = h("select", { name: "period", "data-testid": "metrics-period" },
    h("option", { value: "month" }, "Month"), h("option", { value: "week" }, "Week"), h("option", { value: "day" }, "Day"));
  const submit = h("button", { type: "submit", "data-testid": "metrics-submit" }, "Show");
  const errors = errorBox();
  const output = h("div", { "data-testid": "metrics" });
  const load = async (): Promise<void> => {
    const chosen = period.value === "week" || period.value === "day" ? period.value : "month";
    const metrics = ok(await api.analytics.GET("/analytics/metrics", {
      params: { query: { start: dates.start.value, end: dates.end.value, period: chosen } },
    }));
    const byCategory = new Map<string, number>();
    for (const item of metrics.spending_by_category) byCategory.set(item.category, (byCategory.get(item.category) ?? 0) + item.amount);
    const categories = [...byCategory].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value);
    replace(output,
      h("dl", { class: "summary", "data-testid": "metrics-totals" },
        h("dt", {}, "Income"), h("dd", {}, money(metrics.totals.income)),
        h("dt", {}, "Expenses"), h("dd", {}, money(metrics.totals.expenses)),
        h("dt", {}, "Net"), h("dd", {}, money(metrics.totals.net)),
        h("dt", {}, "Savings rate"), h("dd", {}, metrics.savings_rate === null ? "n/a" : `${(metrics.savings_rate * 100).toFixed(1)}%`)),
      h("section", { "aria-labelledby": "cash-flow-title" }, h("h2", { id: "cash-flow-title" }, "Cash flow"),
        cashFlowChart(metrics.cash_flow.map((p) => ({ label: p.period_start, income: p.income, expenses: p.expenses })))),
      h("section", { "aria-labelledby": "health-title", "data-testid": "health" }, h("h2", { id: "health-title" }, "Health score"),
        h("p", { "data-testid": "health-score" }, `${metrics.health.score} / 100`),
        gauge(metrics.health.score),
        barList("health-components", "Health score components (0-100)",
          metrics.health.components.map((c) => ({ label: c.name, value: c.score })), 100)),
      h("section", { "aria-labelledby": "categories-title" }, h("h2", { id: "categories-title" }, "Spending by category"),
        categories.length ? barList("category-chart", "Spending by category", categories) : h("p", {}, "No spending in this period.")));
  };
  const form = h("form", { "aria-label": "Choose a period", class: "row" }, dates.element, field("Per", period), submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, load);
  });
  replace(outlet, page("Analytics", "analytics-page", form, errors.element, output));
  await busy(submit, errors, load);
}
