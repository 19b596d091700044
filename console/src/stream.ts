// The live stream (GET /notifications/stream) read with fetch: EventSource cannot send Authorization.
import { authorization } from "./session";

export interface LiveEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;

const listeners = new Set<Listener>();
const connectedListeners = new Set<() => void>();
let controller: AbortController | null = null;
let lastId: number | null = null;

function setConnected(connected: boolean): void {
  const was = document.body.dataset.live === "connected";
  document.body.dataset.live = connected ? "connected" : "disconnected";
  if (connected && !was) for (const listener of connectedListeners) listener();
}

/** Called each time the stream (re)connects: what happened before it is read from the API. */
export function onLiveConnected(listener: () => void): void {
  connectedListeners.add(listener);
}

/** Called with every event of the signed-in user's stream; returns how to stop listening. */
export function onLive(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Parse complete frames out of `buffer`; returns what is left of an unfinished one. */
export function parseFrames(buffer: string, emit: (event: LiveEvent) => void): string {
  const blocks = buffer.split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    const fields: Record<string, string> = {};
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const at = line.indexOf(":");
      const name = at < 0 ? line : line.slice(0, at);
      fields[name] = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
    }
    if (fields.id === undefined || fields.data === undefined) continue; // the retry hint, comments
    emit({ id: Number(fields.id), event: fields.event ?? "message", data: JSON.parse(fields.data) as Record<string, unknown> });
  }
  return rest;
}

/** Open the stream, reconnecting from the last event seen until stopped. */
export function startLive(): void {
  stopLive();
  const mine = new AbortController();
  controller = mine;
  void (async () => {
    while (!mine.signal.aborted) {
      try {
        await readOnce(mine.signal);
      } catch {
        // A dropped connection: try again after a pause, from the last event seen.
        setConnected(false);
      }
      if (!mine.signal.aborted) await new Promise((done) => setTimeout(done, 2000));
    }
  })();
}

export function stopLive(): void {
  setConnected(false);
  controller?.abort();
  controller = null;
  lastId = null;
}

async function readOnce(signal: AbortSignal): Promise<void> {
  const token = await authorization();
  if (token === null) return;
  const headers: Record<string, string> = { Authorization: token, Accept: "text/event-stream" };
  if (lastId !== null) headers["Last-Event-ID"] = String(lastId);
  // Without a last id the stream starts from now: the inbox shows what came before.
  const response = await fetch("/notifications/stream", { headers, signal });
  if (!response.ok || response.body === null) throw new Error(`stream answered ${response.status}`);
  setConnected(true);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      setConnected(false);
      return;
    }
    buffer = parseFrames(buffer + value.replace(/\r\n/g, "\n"), (event) => {
      lastId = event.id;
      for (const listener of listeners) listener(event);
    });
  }
}
