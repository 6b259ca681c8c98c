import type { Drop } from "../types.ts";

/** Where an order ships, as the API takes it (`shippingAddress`). */
export interface Address {
  name: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
}

const ADDRESS_KEY = "livedrop.shippingAddress";
const EMPTY: Address = { name: "", line1: "", line2: "", city: "", postalCode: "", country: "" };

/** The address the buyer last shipped to on this device, so the next checkout is one click. */
export function rememberedAddress(): Address {
  try {
    const saved = JSON.parse(localStorage.getItem(ADDRESS_KEY) ?? "null") as Partial<Address> | null;
    return { ...EMPTY, ...(saved ?? {}) };
  } catch {
    return EMPTY;
  }
}

export function rememberAddress(a: Address): void {
  try {
    localStorage.setItem(ADDRESS_KEY, JSON.stringify(a));
  } catch {
    // Private mode or a full storage: the next checkout asks again.
  }
}

/** The body's `shippingAddress`: trimmed, without an empty second line. */
export function addressBody(a: Address) {
  const line2 = a.line2.trim();
  return {
    name: a.name.trim(),
    line1: a.line1.trim(),
    ...(line2 ? { line2 } : {}),
    city: a.city.trim(),
    postalCode: a.postalCode.trim(),
    country: a.country,
  };
}

const regionName = (code: string) => {
  try {
    return new Intl.DisplayNames(undefined, { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
};

/** One button per size; a sold-out size stays visible, crossed out and not selectable. */
export function SizePicker(props: {
  variants: NonNullable<Drop["variants"]>;
  value: string | null;
  onChange: (id: string) => void;
  disabled: boolean;
}) {
  return (
    <fieldset class="sizes" disabled={props.disabled} data-testid="size-picker">
      <legend>Size</legend>
      {props.variants.map((v) => (
        <label
          key={v.id}
          class={`size ${props.value === v.id ? "checked" : ""} ${v.soldOut ? "sold-out" : ""}`}
        >
          <input
            type="radio"
            name="variant"
            value={v.id}
            checked={props.value === v.id}
            disabled={v.soldOut}
            onChange={() => props.onChange(v.id)}
          />
          <span>{v.name}</span>
          <span class="muted small">{v.soldOut ? "sold out" : `${v.stock.available} left`}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The shipping address of a drop that ships; the country is one of the drop's. */
export function AddressFields(props: {
  shipsTo: string[];
  value: Address;
  onChange: (a: Address) => void;
  disabled: boolean;
}) {
  const { value: a, onChange } = props;
  const field = (key: keyof Address, label: string, max: number, required = true, auto?: string) => (
    <div class="field">
      <label for={`ship-${key}`}>{label}</label>
      <input
        id={`ship-${key}`}
        value={a[key]}
        required={required}
        maxLength={max}
        autocomplete={auto}
        onInput={(e) => onChange({ ...a, [key]: (e.target as HTMLInputElement).value })}
      />
    </div>
  );
  return (
    <fieldset class="address" disabled={props.disabled} data-testid="shipping-address">
      <legend>Ship to</legend>
      {field("name", "Full name", 200, true, "name")}
      {field("line1", "Address", 200, true, "address-line1")}
      {field("line2", "Apartment, suite (optional)", 200, false, "address-line2")}
      <div class="field-row">
        {field("postalCode", "Postal code", 20, true, "postal-code")}
        {field("city", "City", 100, true, "address-level2")}
      </div>
      <div class="field">
        <label for="ship-country">Country</label>
        <select
          id="ship-country"
          required
          value={props.shipsTo.includes(a.country) ? a.country : ""}
          onChange={(e) => onChange({ ...a, country: (e.target as HTMLSelectElement).value })}
        >
          <option value="" disabled>
            Choose…
          </option>
          {props.shipsTo.map((c) => (
            <option key={c} value={c}>
              {regionName(c)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
