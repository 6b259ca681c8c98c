import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { FileUploadBody, readUpload, registerUploads, UPLOAD_MAX_BYTES } from "../../http/upload.js";
import { IdParams, Uuid } from "../../shared/schemas.js";
import { ImageView } from "../media/index.js";
import { Product } from "./catalog.schemas.js";
import { MAX_IMAGES_PER_PRODUCT, type ProductImages } from "./products.images.js";

const Uploaded = Type.Object({ image: ImageView, product: Product });

/** POST /api/products/:id/images (multipart) and DELETE /api/products/:id/images/:imageId. */
export const productImagesRoutes: FastifyPluginAsyncTypebox<{ images: ProductImages }> = async (
  app,
  { images },
) => {
  const tags = ["products"];
  // Multipart is parsed for the upload route alone.
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    await registerUploads(scope);
    scope.post(
      "/api/products/:id/images",
      {
        preHandler: requireUser,
        config: { openapiBody: FileUploadBody },
        schema: {
          tags,
          operationId: "uploadProductImage",
          summary: "Upload an image of your product (multipart field `file`)",
          description:
            `JPEG, PNG or WebP, told by its bytes, up to ${UPLOAD_MAX_BYTES / 1024 / 1024} MB (413 beyond); anything else is a 400. ` +
            "The image is stored without its metadata (EXIF, GPS, XMP, ICC) and served as WebP at 320, 640 and 1280 px wide " +
            "(never upscaled) at content-addressed URLs, cacheable for a year. " +
            `At most ${MAX_IMAGES_PER_PRODUCT} per product (409 LIMIT_EXCEEDED). The same file again answers 200 with ` +
            "the image it already is.",
          consumes: ["multipart/form-data"],
          params: IdParams,
          response: {
            201: Envelope(Uploaded),
            200: Envelope(Uploaded),
            ...errors("FORBIDDEN", "NOT_FOUND", "LIMIT_EXCEEDED", "RATE_LIMITED", "OVERLOADED"),
          },
        },
      },
      async (req, reply) => {
        const r = await images.add(userOf(req), req.params.id, () => readUpload(req), req.ip);
        return reply.status(r.created ? 201 : 200).send(ok({ image: r.image, product: r.product }));
      },
    );
  });

  app.delete(
    "/api/products/:id/images/:imageId",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "deleteProductImage",
        summary: "Delete an uploaded image of your product",
        params: Type.Object({ id: Uuid, imageId: Uuid }),
        response: { 200: Envelope(Product), ...errors("FORBIDDEN", "NOT_FOUND") },
      },
    },
    async (req) => ok(await images.remove(userOf(req), req.params.id, req.params.imageId)),
  );
};
