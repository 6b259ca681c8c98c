import { createStore } from "./store.ts";
import type { User } from "./types.ts";

export interface Session {
  token: string;
  user: User;
}

const KEY = "livedrop.session";

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return typeof s?.token === "string" && s.user?.id ? s : null;
  } catch {
    return null;
  }
}

/** The signed-in user and their token, kept in localStorage across reloads and tabs. */
export const session = createStore<Session | null>(load());

session.subscribe((s) => {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
});

// Another tab signed in or out.
window.addEventListener("storage", (e) => {
  if (e.key === KEY) session.set(load());
});

export const signIn = (s: Session) => session.set(s);
export const signOut = () => session.set(null);
export const updateUser = (user: User) => session.set((s) => (s ? { ...s, user } : s));
