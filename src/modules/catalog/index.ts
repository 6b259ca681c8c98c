/** Products and drops. Other modules import only from here. */
export { createDropTermsReader, type DropTerms } from "./drop-terms.js";
