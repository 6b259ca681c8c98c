import { createStore } from "./store.ts";

export interface Toast {
  id: string;
  title: string;
  body?: string;
  href?: string;
  tone: "info" | "success" | "error";
}

export const toasts = createStore<Toast[]>([]);
let n = 0;

export function showToast(t: Omit<Toast, "id"> & { id?: string }, ttlMs = 8_000): void {
  const id = t.id ?? `t${++n}`;
  if (toasts.get().some((x) => x.id === id)) return;
  toasts.set((list) => [...list.slice(-3), { ...t, id }]);
  setTimeout(() => dismissToast(id), ttlMs);
}

export const dismissToast = (id: string) => toasts.set((list) => list.filter((t) => t.id !== id));
