// Transactions: import a CSV/XLSX file uploaded through files, or a JSON batch; the list and its summary.
import type { analytics } from "../../../generated/ts/index";
import { field, h, money, page, replace, table } from "../dom";
import { ok } from "../problem";
import { api } from "../session";
import { busy, errorBox, statusLine } from "../ui";
import { listFiles } from "./files";

const MAPPED = ["date", "amount", "description", "merchant", "category", "external_id"] as const;

function fileImport(refresh: () => Promise<void>, files: Awaited<ReturnType<typeof listFiles>>): HTMLElement {
  const choice = h("select", { name: "file_id", required: true, "data-testid": "import-file" },
    ...files.map((f) => h("option", { value: f.id }, f.filename)));
  const format = h("select", { name: "format", "data-testid": "import-format" },
    h("option", { value: "" }, "by file type"), h("option", { value: "csv" }, "CSV"), h("option", { value: "xlsx" }, "XLSX"));
  const columns = MAPPED.map((name) => [name, h("input", { type: "text", name, placeholder: name, "data-testid": `map-${name}` })] as const);
  const submit = h("button", { type: "submit", "data-testid": "import-file-submit" }, "Import file");
  const errors = errorBox();
  const done = statusLine("import-file-status");
  const form = h("form", { "aria-label": "Import a file" }, field("Uploaded file", choice), field("Format", format),
    h("fieldset", {}, h("legend", {}, "Column names (leave empty for the default)"), ...columns.map(([name, input]) => field(name, input))),
    errors.element, submit, done);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, async () => {
      const mapping: analytics.ColumnMapping = {};
      for (const [name, input] of columns) if (input.value.trim()) mapping[name] = input.value.trim();
      const body: analytics.FileImport = { file_id: choice.value, mapping };
      if (format.value === "csv" || format.value === "xlsx") body.format = format.value;
      const result = ok(await api.analytics.POST("/analytics/transactions/imports", { body }));
      done.textContent = `Imported ${result.imported}, ${result.duplicates} duplicates skipped.`;
      await refresh();
    });
  });
  return form;
}

function jsonImport(refresh: () => Promise<void>): HTMLElement {
  const text = h("textarea", { name: "transactions", rows: 8, "data-testid": "import-json",
    placeholder: '{"transactions": [{"external_id": "t-1", "date": "2026-01-01", "amount": -12.5, "category": "dining"}]}' });
  const submit = h("button", { type: "submit", "data-testid": "import-json-submit" }, "Import JSON");
  const errors = errorBox();
  const done = statusLine("import-json-status");
  const form = h("form", { "aria-label": "Import JSON" }, field("Transactions (JSON)", text), errors.element, submit, done);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, async () => {
      let body: analytics.TransactionBatch;
      try {
        body = JSON.parse(text.value) as analytics.TransactionBatch;
      } catch (error) {
        throw new Error(`Not JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      const result = ok(await api.analytics.POST("/analytics/transactions", { body }));
      done.textContent = `Imported ${result.imported}, ${result.duplicates} duplicates skipped.`;
      await refresh();
    });
  });
  return form;
}

export async function renderTransactions(outlet: HTMLElement): Promise<void> {
  const summary = h("dl", { class: "summary", "data-testid": "transactions-summary" });
  const list = h("div", { "data-testid": "transactions-list" });
  const refresh = async (): Promise<void> => {
    const rows = ok(await api.analytics.GET("/analytics/transactions", { params: { query: { limit: 200 } } })).items;
    const income = rows.filter((t) => t.amount > 0).reduce((sum, t) => sum + t.amount, 0);
    const expenses = rows.filter((t) => t.amount < 0).reduce((sum, t) => sum - t.amount, 0);
    replace(summary,
      h("dt", {}, "Transactions"), h("dd", { "data-testid": "summary-count" }, rows.length),
      h("dt", {}, "Income"), h("dd", { "data-testid": "summary-income" }, money(income)),
      h("dt", {}, "Expenses"), h("dd", { "data-testid": "summary-expenses" }, money(expenses)));
    replace(list, rows.length === 0 ? h("p", {}, "No transactions yet.") : table("transactions-table",
      ["Date", "Amount", "Category", "Merchant", "Description"],
      rows.map((t) => [t.date, money(t.amount), t.category, t.merchant, t.description])));
  };
  const files = await listFiles();
  replace(outlet, page("Transactions", "transactions-page",
    h("div", { class: "columns" },
      h("div", {}, h("h2", {}, "From an uploaded file"), files.length ? fileImport(refresh, files) : h("p", {}, "Upload a CSV or XLSX file on the Files page first.")),
      h("div", {}, h("h2", {}, "As JSON"), jsonImport(refresh))),
    h("h2", {}, "Summary"), summary, h("h2", {}, "Latest transactions"), list));
  await refresh();
}
