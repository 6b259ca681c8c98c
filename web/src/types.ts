import type { DirectPayload, EventMap, EventType, PushMessage } from "../../src/shared/events.ts";

/** Shapes of the REST API (the TypeBox schemas in src/modules); optional where a field may be missing. */
export interface Page<T> {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface User {
  id: string;
  name: string;
  email?: string;
  isCreator: boolean;
  createdAt: string;
}

export interface Creator {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  createdAt: string;
  followerCount?: number;
  followingCount?: number;
}

export interface Product {
  id: string;
  creatorId: string;
  title: string;
  description: string;
  priceCents: number;
  currency: string;
  imageUrls: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Stock {
  initial: number;
  available: number;
  reserved: number;
  sold: number;
}

export type DropStatus = "upcoming" | "live" | "ended" | "cancelled";

export interface Drop {
  id: string;
  productId: string;
  creatorId: string;
  status: DropStatus;
  soldOut: boolean;
  startsAt: string;
  endsAt: string;
  cancelledAt?: string | null;
  priceCents: number;
  currency: string;
  priceOverrideCents?: number | null;
  lowStockThreshold: number;
  perUserLimit: number | null;
  stock: Stock;
  product: { id: string; title: string; imageUrl: string | null; priceCents: number; currency: string };
  createdAt: string;
  updatedAt: string;
}

export type OrderStatus = "pending_payment" | "confirmed" | "failed" | "expired" | "cancelled" | "refunded";

export interface Order {
  id: string;
  userId: string;
  dropId: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  currency: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  expiresAt?: string;
}

export interface Payment {
  id: string;
  status: string;
  method: string;
  failureCode?: string | null;
}

export interface OrderResult {
  order: Order;
  payment: Payment | null;
  stock: Stock | null;
}

/**
 * An event's type with its payload, as the server's event catalogue pairs them (declared
 * once, by the server modules that write them): `data` is known from `type`. A direct
 * notification names its own type and carries `recipientId` (see `isDirect` in push.ts).
 */
export type EventBody =
  | { [T in EventType]: { type: T; data: EventMap[T] } }[EventType]
  | { type: string; data: DirectPayload };

/** An inbox item: an event the user received, and whether it was read. */
export type Notification = EventBody & {
  id: string;
  eventId?: string;
  createdAt: string;
  read: boolean;
};

/** A message from /push (or the SSE stream). */
export type { EventType, PushMessage };
