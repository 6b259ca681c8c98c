import { api } from "./api.ts";
import type { Creator, Drop } from "./types.ts";

const creators = new Map<string, Promise<Creator>>();

/** A creator by id, fetched once per page load (names and handles rarely change). */
export function creatorById(id: string): Promise<Creator> {
  let p = creators.get(id);
  if (!p) {
    p = api<Creator>(`/api/creators/${id}`);
    p.catch(() => creators.delete(id));
    creators.set(id, p);
  }
  return p;
}

export const forgetCreator = (id: string) => creators.delete(id);

const dropTitles = new Map<string, Promise<Drop>>();

/** A drop's product title for a toast or an inbox line. */
export async function dropTitle(id: string | undefined): Promise<string> {
  if (!id) return "A drop";
  let p = dropTitles.get(id);
  if (!p) {
    p = api<Drop>(`/api/drops/${id}`);
    dropTitles.set(id, p);
  }
  try {
    return (await p).product.title;
  } catch {
    dropTitles.delete(id);
    return "A drop";
  }
}
