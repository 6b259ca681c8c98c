import { useEffect, useRef, useState } from "preact/hooks";
import { api, qs } from "../api.ts";
import { formatMoney } from "../format.ts";
import { navigate } from "../router.ts";
import type { Page, Product } from "../types.ts";
import { ProductArt } from "./ui.tsx";

/** Product search with type-ahead: a combobox whose list follows the keyboard. */
export function Search() {
  const [q, setQ] = useState("");
  const [items, setItems] = useState<Product[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const box = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      api<Page<Product>>(`/api/products${qs({ query: term, limit: 6 })}`, { signal: ctrl.signal }).then(
        (p) => {
          setItems(p.items);
          setActive(-1);
          setOpen(true);
        },
        () => {},
      );
    }, 150);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [q]);

  useEffect(() => {
    const close = (e: Event) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, []);

  const go = (to: string) => {
    setOpen(false);
    setQ("");
    navigate(to);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(-1, a - 1));
    } else if (e.key === "Escape") setOpen(false);
  };
  const showList = open && q.trim().length >= 2;

  return (
    <form
      ref={box}
      class="search"
      aria-label="Search products"
      onSubmit={(e) => {
        e.preventDefault();
        const pick = items[active];
        if (pick) go(`/products/${pick.id}`);
        else if (q.trim()) go(`/search${qs({ q: q.trim() })}`);
      }}
    >
      <label for="search-input" class="sr-only">
        Search products
      </label>
      <input
        id="search-input"
        type="search"
        placeholder="Search products"
        autoComplete="off"
        // biome-ignore lint/a11y/noRedundantRoles: a search box is a textbox until it is named a combobox
        role="combobox"
        list={undefined}
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls="search-results"
        aria-activedescendant={active >= 0 ? `sr-${active}` : undefined}
        value={q}
        onInput={(e) => {
          setQ((e.target as HTMLInputElement).value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKey}
      />
      <div
        id="search-results"
        role="listbox"
        class="search-results"
        hidden={!showList}
        aria-label="Matching products"
      >
        {items.length === 0 ? (
          <div class="search-empty">No products match “{q.trim()}”</div>
        ) : (
          items.map((p, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys (aria-activedescendant)
            <div
              key={p.id}
              tabIndex={-1}
              id={`sr-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? "active" : ""}
              onMouseEnter={() => setActive(i)}
              onClick={() => go(`/products/${p.id}`)}
            >
              <ProductArt title={p.title} src={p.imageUrls[0]} image={p.images[0]} size="sm" />
              <span class="search-title">{p.title}</span>
              <span class="search-price">{formatMoney(p.priceCents, p.currency)}</span>
            </div>
          ))
        )}
      </div>
    </form>
  );
}
