import type { Infra } from "./infra/index.js";
import type { Services } from "./services.js";

export const DEMO_PASSWORD = "livedrop-demo";
const MIN = 60_000;

/**
 * Demo data for `npm start`: a few creators with followers, products, a live drop, a drop
 * starting about two minutes after seeding, and an ended drop. Runs once per database
 * (recorded in app_meta), so a restart keeps the data and does not seed twice.
 */
export async function seedDemo(infra: Infra, services: Services): Promise<boolean> {
  const { db, clock } = infra;
  const claimed = await db.query(
    "insert into app_meta (key, value) values ('demo_seeded', $1) on conflict (key) do nothing",
    [clock.now().toISOString()],
  );
  if (claimed.rowCount === 0) return false;

  const ip = null; // an in-process caller: no per-address limit
  const creators = [
    {
      name: "Nova Reyes",
      handle: "nova",
      displayName: "Nova Reyes",
      bio: "Sneaker designer. Drops every Friday.",
    },
    {
      name: "Kai Tanaka",
      handle: "kaiprints",
      displayName: "Kai Prints",
      bio: "Limited art prints, signed.",
    },
    { name: "Lena Ortiz", handle: "lenabeats", displayName: "Lena Beats", bio: "Vinyl pressings and merch." },
  ];
  const creatorIds: string[] = [];
  for (const c of creators) {
    const user = await services.users.register(
      { name: c.name, email: `${c.handle}@livedrop.dev`, password: DEMO_PASSWORD },
      ip,
    );
    await services.users.becomeCreator(user.id, { handle: c.handle, displayName: c.displayName, bio: c.bio });
    creatorIds.push(user.id);
  }
  const fans: string[] = [];
  for (let i = 1; i <= 12; i++) {
    const user = await services.users.register(
      { name: `Fan ${i}`, email: `fan${i}@livedrop.dev`, password: DEMO_PASSWORD },
      ip,
    );
    fans.push(user.id);
  }
  for (const [i, fan] of fans.entries()) {
    for (const [j, creator] of creatorIds.entries()) {
      if ((i + j) % 3 !== 2) await services.follows.follow(fan, creator, ip);
    }
  }

  const now = clock.now().getTime();
  const products = [
    {
      creator: 0,
      title: "Aurora Runner sneaker",
      description: "Hand-finished suede runner in aurora colours.",
      price: 18900,
    },
    {
      creator: 0,
      title: "Midnight High-top",
      description: "Black leather high-top with reflective laces.",
      price: 21900,
    },
    {
      creator: 1,
      title: "Harbour at Dawn print",
      description: "Signed giclée art print, 50x70 cm.",
      price: 9500,
    },
    {
      creator: 2,
      title: "Night Drive vinyl",
      description: "Limited colour vinyl pressing with signed sleeve.",
      price: 3900,
    },
  ];
  const drops = [
    { product: 0, startsAt: now - 5 * MIN, endsAt: now + 55 * MIN, stock: 100, low: 10, limit: 2 },
    { product: 2, startsAt: now + 2 * MIN, endsAt: now + 62 * MIN, stock: 50, low: 5, limit: 1 },
    { product: 3, startsAt: now - 120 * MIN, endsAt: now - 60 * MIN, stock: 30, low: 3, limit: null },
  ];
  const productIds: string[] = [];
  for (const p of products) {
    const owner = creatorIds[p.creator] as string;
    const created = await services.catalog.products.create(owner, {
      title: p.title,
      description: p.description,
      priceCents: p.price,
      currency: "USD",
      // No image URLs: the shop draws artwork for products without one, and a demo must not
      // depend on an outside host (this machine, like many demo laptops, has no internet).
    });
    productIds.push(created.id);
  }
  for (const d of drops) {
    const owner = creatorIds[products[d.product]?.creator ?? 0] as string;
    await services.catalog.drops.create(
      owner,
      {
        productId: productIds[d.product] as string,
        startsAt: new Date(d.startsAt).toISOString(),
        endsAt: new Date(d.endsAt).toISOString(),
        initialStock: d.stock,
        lowStockThreshold: d.low,
        perUserLimit: d.limit,
      },
      { allowPast: true }, // the demo shows an ended drop too
    );
  }
  return true;
}
