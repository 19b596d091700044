// Simulations: start one, watch its progress on the live stream, then its fan chart and histogram.
import type { simulation } from "../../../generated/ts/index";
import { fanChart, histogram } from "../charts";
import { field, h, money, page, replace, table } from "../dom";
import { ok } from "../problem";
import { api } from "../session";
import { onLive } from "../stream";
import { busy, errorBox, statusLine } from "../ui";

function numberInput(name: string, value: number, attrs: Record<string, string | number> = {}): HTMLInputElement {
  return h("input", { type: "number", name, value, step: "any", required: true, "data-testid": `sim-${name}`, ...attrs });
}

async function showResult(target: HTMLElement, jobId: string): Promise<void> {
  const result = ok(await api.simulation.GET("/simulations/{job_id}/result", { params: { path: { job_id: jobId } } }));
  replace(target,
    h("h2", {}, "Result"),
    h("dl", { class: "summary", "data-testid": "sim-summary" },
      h("dt", {}, "Success probability"), h("dd", {}, `${(result.success_probability * 100).toFixed(1)}%`),
      h("dt", {}, "Mean terminal value"), h("dd", {}, money(result.mean_terminal)),
      h("dt", {}, "Paths x steps"), h("dd", {}, `${result.paths} x ${result.steps} (${result.backend})`),
      ...result.risk.flatMap((r) => [h("dt", {}, `VaR / CVaR ${(r.level * 100).toFixed(0)}%`), h("dd", {}, `${money(r.var)} / ${money(r.cvar)}`)])),
    h("figure", {}, fanChart(result.times, result.bands), h("figcaption", {}, "Percentile bands: 5-95 (light), 25-75 (dark), median (line)")),
    h("figure", {}, histogram(result.terminal_histogram.edges, result.terminal_histogram.counts), h("figcaption", {}, "Terminal values")));
}

export async function renderSimulations(outlet: HTMLElement): Promise<void> {
  const inputs = {
    initial_value: numberInput("initial_value", 10_000, { min: 0 }),
    contribution: numberInput("contribution", 100),
    horizon_years: numberInput("horizon_years", 10, { min: 0 }),
    steps: numberInput("steps", 120, { min: 1 }),
    paths: numberInput("paths", 2_000, { min: 1 }),
    seed: numberInput("seed", 7),
    expected_return: numberInput("expected_return", 0.06),
    volatility: numberInput("volatility", 0.15, { min: 0 }),
  };
  const submit = h("button", { type: "submit", "data-testid": "sim-start" }, "Start simulation");
  const errors = errorBox();
  const progress = h("progress", { max: 1, value: 0, "aria-label": "Simulation progress", "data-testid": "sim-progress" });
  const state = statusLine("sim-status");
  const result = h("div", { "data-testid": "sim-result" });
  const history = h("div", { "data-testid": "sim-history" });
  let watching: string | null = null;

  const refreshHistory = async (): Promise<void> => {
    const jobs = ok(await api.simulation.GET("/simulations", { params: { query: { limit: 10 } } })).items;
    replace(history, jobs.length === 0 ? h("p", {}, "No simulations yet.") : table("sim-table", ["Started", "Status", "Paths", ""],
      jobs.map((job) => [new Date(job.created_at).toLocaleString(), job.status, job.paths,
        job.status === "succeeded" ? h("button", { type: "button", onclick: () => void showResult(result, job.id) }, "Show") : ""])));
  };

  const stop = onLive((event) => {
    if (!outlet.isConnected) return stop();
    const data = event.data;
    if (data.job_id !== watching) return;
    if (event.event === "simulation.progress" && typeof data.progress === "number") {
      progress.value = data.progress;
      state.textContent = `Running: ${Math.round(data.progress * 100)}%`;
    } else if (event.event === "simulation.completed") {
      progress.value = 1;
      state.textContent = "Finished";
      void showResult(result, String(data.job_id)).catch((error: unknown) => errors.show(error));
      void refreshHistory();
    } else if (event.event === "simulation.failed" || event.event === "simulation.cancelled") {
      state.textContent = `Ended: ${event.event.split(".")[1]}${data.error ? ` (${String(data.error)})` : ""}`;
    }
  });

  const form = h("form", { "aria-label": "Start a simulation" },
    h("fieldset", {}, h("legend", {}, "Plan"),
      field("Initial value", inputs.initial_value), field("Yearly contribution", inputs.contribution),
      field("Horizon (years)", inputs.horizon_years), field("Steps", inputs.steps), field("Paths", inputs.paths), field("Seed", inputs.seed)),
    h("fieldset", {}, h("legend", {}, "Portfolio (one asset)"),
      field("Expected return", inputs.expected_return), field("Volatility", inputs.volatility)),
    errors.element, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, async () => {
      const value = (input: HTMLInputElement): number => Number(input.value);
      const body: simulation.SimulationRequest = {
        initial_value: value(inputs.initial_value), contribution: value(inputs.contribution),
        horizon_years: value(inputs.horizon_years), steps: value(inputs.steps), paths: value(inputs.paths), seed: value(inputs.seed),
        assets: [{ name: "portfolio", weight: 1, expected_return: value(inputs.expected_return), volatility: value(inputs.volatility) }],
        correlation: [[1]],
      };
      progress.value = 0;
      result.replaceChildren();
      const job = ok(await api.simulation.POST("/simulations", { body }));
      watching = job.id;
      state.textContent = `Queued (job ${job.id})`;
      progress.dataset.jobId = job.id;
      await refreshHistory();
    });
  });
  replace(outlet, page("Simulations", "simulations-page", form,
    h("h2", {}, "Progress"), progress, state, result, h("h2", {}, "Recent simulations"), history));
  await refreshHistory();
}
