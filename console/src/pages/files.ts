// Files: upload one, list yours.
import { field, h, page, replace, table } from "../dom";
import { ok } from "../problem";
import { api } from "../session";
import { busy, errorBox, statusLine } from "../ui";

/** The signed-in user's files, newest first. */
export async function listFiles(): Promise<{ id: string; filename: string; size: number; content_type: string; created_at: string }[]> {
  return ok(await api.files.GET("/files", { params: { query: { limit: 100 } } })).items;
}

export async function renderFiles(outlet: HTMLElement): Promise<void> {
  const input = h("input", { type: "file", name: "file", required: true, "data-testid": "file-input" });
  const submit = h("button", { type: "submit", "data-testid": "upload" }, "Upload");
  const errors = errorBox();
  const done = statusLine("upload-status");
  const list = h("div", { "data-testid": "file-list" });
  const refresh = async (): Promise<void> => {
    const files = await listFiles();
    replace(list, files.length === 0 ? h("p", {}, "No files yet.") : table("files-table", ["Name", "Type", "Size", "Uploaded"],
      files.map((f) => [f.filename, f.content_type, `${f.size} B`, new Date(f.created_at).toLocaleString()])));
  };
  const form = h("form", { "aria-label": "Upload a file" }, field("File", input), errors.element, submit, done);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (file === undefined) return;
    void busy(submit, errors, async () => {
      const body = new FormData();
      body.append("file", file, file.name);
      // The generated type says `file: string` (format: binary); the FormData is sent as it is.
      const uploaded = ok(await api.files.POST("/files", { body: { file: "" }, bodySerializer: () => body }));
      done.textContent = `Uploaded ${uploaded.filename} (${uploaded.size} bytes).`;
      form.reset();
      await refresh();
    });
  });
  replace(outlet, page("Files", "files-page", form, h("h2", {}, "Your files"), list));
  await refresh();
}
