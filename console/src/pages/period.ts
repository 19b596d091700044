// A start/end date pair shared by the analytics and guidance pages (defaults: this calendar year so far).
import { field, h } from "../dom";

export interface PeriodInputs {
  start: HTMLInputElement;
  end: HTMLInputElement;
  element: HTMLElement;
}

export function periodInputs(prefix: string): PeriodInputs {
  const today = new Date().toISOString().slice(0, 10);
  const start = h("input", { type: "date", name: "start", value: `${today.slice(0, 4)}-01-01`, required: true, "data-testid": `${prefix}-start` });
  const end = h("input", { type: "date", name: "end", value: today, required: true, "data-testid": `${prefix}-end` });
  return { start, end, element: h("div", { class: "row" }, field("From", start), field("To", end)) };
}
