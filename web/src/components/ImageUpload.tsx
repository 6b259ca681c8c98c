import { useState } from "preact/hooks";
import { ApiError, api, uploadFile } from "../api.ts";
import type { Product, ProductImage } from "../types.ts";

/** What the server takes (it checks the bytes itself; these only spare a doomed upload). */
const ACCEPT = ["image/jpeg", "image/png", "image/webp"];
const MAX_BYTES = 10 * 1024 * 1024;
const MAX_IMAGES = 10;

const message = (err: unknown) => (err instanceof ApiError ? err.message : "Something went wrong");

/**
 * A product's uploaded images in the dashboard: drop files on the zone (or pick them), each
 * goes up in turn with a progress bar, and each image can be deleted.
 */
export function ImageUpload({ product, onChange }: { product: Product; onChange: (p: Product) => void }) {
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<{ name: string; fraction: number }>();
  const [error, setError] = useState<string>();
  const room = MAX_IMAGES - product.images.length;
  const busy = progress !== undefined;

  const send = async (files: File[]) => {
    setError(undefined);
    for (const file of files.slice(0, Math.max(0, room))) {
      if (!ACCEPT.includes(file.type)) {
        setError(`${file.name}: only JPEG, PNG or WebP images.`);
        continue;
      }
      if (file.size > MAX_BYTES) {
        setError(`${file.name}: larger than 10 MB.`);
        continue;
      }
      setProgress({ name: file.name, fraction: 0 });
      try {
        const res = await uploadFile<{ image: ProductImage; product: Product }>(
          `/api/products/${product.id}/images`,
          file,
          (fraction) => setProgress({ name: file.name, fraction }),
        );
        onChange(res.product);
      } catch (err) {
        setError(`${file.name}: ${message(err)}`);
      }
    }
    if (files.length > room) setError(`A product keeps at most ${MAX_IMAGES} images.`);
    setProgress(undefined);
  };

  const remove = async (image: ProductImage) => {
    setError(undefined);
    try {
      onChange(await api<Product>(`/api/products/${product.id}/images/${image.id}`, { method: "DELETE" }));
    } catch (err) {
      setError(message(err));
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!busy) void send([...(e.dataTransfer?.files ?? [])]);
  };

  return (
    <div class="image-upload" data-testid="image-upload">
      {product.images.length > 0 ? (
        <ul class="image-list" aria-label={`Images of ${product.title}`}>
          {product.images.map((img, i) => (
            <li key={img.id}>
              <img
                src={img.url}
                srcset={img.srcset}
                sizes="96px"
                alt={`${product.title}, ${i + 1} of ${product.images.length}`}
                loading="lazy"
              />
              <button
                type="button"
                class="btn btn-small btn-ghost"
                onClick={() => remove(img)}
                disabled={busy}
              >
                Delete<span class="sr-only"> image {i + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {room > 0 ? (
        <label
          class={`dropzone ${over ? "over" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <input
            type="file"
            accept={ACCEPT.join(",")}
            multiple
            class="sr-only"
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget;
              void send([...(input.files ?? [])]).then(() => {
                input.value = "";
              });
            }}
          />
          {progress ? (
            <span class="upload-progress" role="status">
              Uploading {progress.name}…
              <progress max={1} value={progress.fraction} aria-label={`Uploading ${progress.name}`} />
            </span>
          ) : (
            <span>
              <strong>Drop images here</strong> or click to choose (JPEG, PNG or WebP, up to 10 MB; {room}{" "}
              more)
            </span>
          )}
        </label>
      ) : (
        <p class="muted small">This product has {MAX_IMAGES} images: delete one to add another.</p>
      )}
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
