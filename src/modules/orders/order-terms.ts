import { AppError, invalid } from "../../shared/errors.js";
import type { DropTerms } from "../catalog/index.js";
import type { StockRef } from "./orders.model.js";
import type { ShippingAddress } from "./orders.schemas.js";

/**
 * What an order must name on its drop, checked before it joins a batch: a variant on a
 * drop with variants (and only there), an address in one of the countries of a drop that
 * ships (and only there). Each refusal is thrown, not kept under the key: it is bad input.
 */

/** The stock row the order draws from; a variant must be one of this drop's. */
export function stockFor(t: DropTerms, variantId: string | undefined): StockRef {
  if (!t.variants) {
    if (variantId !== undefined)
      throw invalid("This drop has no variants: leave variantId out", { variantId });
    return { dropId: t.id, variantId: null };
  }
  if (variantId === undefined) {
    throw invalid("This drop sells variants: name one with variantId", {
      field: "variantId",
      variants: t.variants,
    });
  }
  // Ids compare in lower case: a UUID in capitals names the same variant.
  const v = t.variants.find((x) => x.id === variantId.toLowerCase());
  if (!v)
    throw new AppError("NOT_FOUND", "This drop has no such variant", { variantId, variants: t.variants });
  return { dropId: t.id, variantId: v.id };
}

/** The address an order of a drop that ships goes to; the drop's countries decide (422). */
export function addressFor(t: DropTerms, address: ShippingAddress | undefined): ShippingAddress | null {
  if (!t.shipsTo) {
    // Not kept for nothing: an address is personal data this order has no use for.
    if (address !== undefined) throw invalid("This drop does not ship: leave shippingAddress out");
    return null;
  }
  if (address === undefined) {
    throw invalid("This drop ships: send a shippingAddress", {
      field: "shippingAddress",
      shipsTo: t.shipsTo,
    });
  }
  if (!t.shipsTo.includes(address.country)) {
    throw new AppError("CANNOT_SHIP_TO", `This drop does not ship to ${address.country}`, {
      country: address.country,
      shipsTo: t.shipsTo,
    });
  }
  return address;
}

/**
 * Fixed field order, trimmed: the stored address and the key's fingerprint do not depend on
 * how the client ordered or padded its fields.
 */
export function tidyAddress(a: ShippingAddress): ShippingAddress {
  return {
    name: a.name.trim(),
    line1: a.line1.trim(),
    ...(a.line2 !== undefined ? { line2: a.line2.trim() } : {}),
    city: a.city.trim(),
    postalCode: a.postalCode.trim(),
    country: a.country,
  };
}
