/** Images in object storage: renditions, content-addressed keys, their URLs. Other modules import only from here. */
export { ACCEPTED_FORMATS, IMAGE_WIDTHS, MAX_INPUT_PIXELS } from "./images.js";
export { mediaRoutes } from "./media.routes.js";
export { ImageView, StoredImage } from "./media.schemas.js";
export { createMedia, IMMUTABLE, type Media } from "./media.service.js";
