import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { MAX_KEY_LENGTH } from "../../infra/storage/index.js";
import { notFound } from "../../shared/errors.js";
import { IMMUTABLE, type Media } from "./media.service.js";

/**
 * GET /media/<key>: stored images, for browsers and as a CDN's origin (PUBLIC_ASSET_URL may
 * point at a CDN in front of this path, or at the bucket itself). A key names its bytes for
 * good, so the answer is cacheable for a year and never revalidated. Not in the API document:
 * like the shop's files, these are URLs the API hands out, not operations.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ media: Media }> = async (app, { media }) => {
  app.get(
    "/media/*",
    {
      schema: {
        hide: true,
        params: Type.Object({ "*": Type.String({ maxLength: MAX_KEY_LENGTH }) }),
      },
    },
    async (req, reply) => {
      const key = req.params["*"];
      // Refusals are not for keeping: the object may exist on the next try (a CDN's negative cache).
      reply.header("cache-control", "no-store");
      const obj = await media.open(key);
      if (!obj) throw notFound("Image");
      const etag = `"${key.slice(key.lastIndexOf("/") + 1)}"`;
      reply
        .header("cache-control", IMMUTABLE)
        .header("etag", etag)
        // Shown by pages on other origins too (the CDN's copy); helmet's default is same-origin.
        .header("cross-origin-resource-policy", "cross-origin")
        .type(obj.contentType);
      if (req.headers["if-none-match"] === etag) {
        obj.body.destroy();
        return reply.status(304).send();
      }
      if (obj.size !== undefined) reply.header("content-length", obj.size);
      return reply.send(obj.body);
    },
  );
};
