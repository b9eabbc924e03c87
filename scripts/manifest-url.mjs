// Rewrites the dev URLs of manifest.xml for a deployment. Plain JavaScript (with the
// declarations in manifest-url.d.mts) because webpack.config.js imports it directly and the
// tests import it too.

/** The base every URL in the committed manifest.xml starts with (webpack serve, dev certs). */
export const DEV_BASE_URL = "https://localhost:3000/";

/** A dev URL, or the dev origin alone (AppDomain values are origins: no path, no trailing slash). */
const DEV_URL_PATTERN = /https:\/\/localhost:3000(?![0-9])(\/?)/g;

/**
 * A deployment base URL as the manifest wants it: absolute https (Office loads add-ins only
 * over https), no query or fragment, ending with "/" so that "taskpane.html" appends to it.
 * @param {string} url
 * @returns {string}
 */
export function normalizeBaseUrl(url) {
  let parsed;
  try {
    parsed = new URL(String(url).trim());
  } catch {
    throw new Error(`--env url=${url}: not an absolute URL (for example https://intranet.example/pilot-forms/)`);
  }
  if (parsed.protocol !== "https:") {
    throw new Error(`--env url=${url}: Office loads add-ins only over https`);
  }
  if (parsed.search || parsed.hash) {
    throw new Error(`--env url=${url}: the base URL cannot have a query or a fragment`);
  }
  if (parsed.username || parsed.password) {
    throw new Error(`--env url=${url}: the base URL cannot carry a user name or password`);
  }
  const href = parsed.href;
  return href.endsWith("/") ? href : `${href}/`;
}

/**
 * What a production build without --env url says: its manifest.xml still points at the dev
 * server, which only works on the machine that runs it.
 * @returns {string}
 */
export function localhostManifestWarning() {
  return [
    `manifest.xml points at ${DEV_BASE_URL} (the dev server): Excel on any other PC cannot load the add-in from it.`,
    "For a deployment, build with the intranet HTTPS address that will serve dist/:",
    "  npm run build -- --env url=https://intranet.example/pilot-forms/",
  ].join("\n");
}

/** @param {string} text */
function escapeXmlAttribute(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Every https://localhost:3000/… in the manifest becomes <url>…, and the AppDomain
 * https://localhost:3000 becomes the origin of <url>.
 * @param {string} xml the committed manifest.xml
 * @param {string} url the deployment base, e.g. https://intranet.example/pilot-forms/
 * @returns {string}
 */
export function rewriteManifestUrls(xml, url) {
  const base = normalizeBaseUrl(url);
  const origin = new URL(base).origin;
  // One pass, so that a base which itself contains the dev origin is not rewritten twice.
  return xml.replace(DEV_URL_PATTERN, (_match, slash) => escapeXmlAttribute(slash ? base : origin));
}
