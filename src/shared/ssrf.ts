import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { lookup as dnsLookupAll } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Server-side request forgery: a webhook URL (chosen by a creator) and a Web Push endpoint
 * (sent by a browser, so by anyone) are URLs the worker POSTs to from inside our network. Addresses that reach our own hosts (loopback, private
 * ranges, link-local where the cloud metadata service lives, ...) are refused, at creation
 * for literal addresses and well-known names, and again at delivery on every address the
 * name resolves to: the connection uses the address that was checked, so a name that
 * resolves to a public address at creation and to 127.0.0.1 later (DNS rebinding) is
 * still refused.
 */
// Two lists: node's BlockList matches an IPv4 address against IPv4-mapped IPv6 rules too, so
// one list holding `::ffff:0:0/96` refused every IPv4 address there is.
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, the metadata service (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked4.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96], // IPv4-mapped: would reach whatever IPv4 address it embeds
  ["64:ff9b::", 96], // NAT64, same
  ["2002::", 16], // 6to4, same
  ["2001::", 32], // Teredo
  ["2001:db8::", 32],
  ["fc00::", 7], // unique local (also AWS's fd00:ec2::254 metadata)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  blocked6.addSubnet(net, bits, "ipv6");
}

/** Names that always mean this host or the cloud's own services. */
const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /^metadata\.google\.internal$/, /\.internal$/];

/** Whether an IP address is one a webhook may not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked4.check(address, "ipv4");
  if (family === 6) return blocked6.check(address, "ipv6");
  return true; // not an address at all: refuse
}

/** The host of a URL without IPv6 brackets, lower case. */
const hostOf = (u: URL) => u.hostname.replace(/^\[|\]$/g, "").toLowerCase();

/**
 * Why a webhook URL is refused, or undefined when it is acceptable. Checks what can be
 * checked without DNS: the scheme, credentials, literal addresses and reserved names.
 */
export function urlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "url must be an absolute http(s) URL";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "url must use https or http";
  // Credentials in the URL would sit in the delivery log's URL; the signature authenticates.
  if (u.username || u.password) return "url must not carry a user name or password";
  if (allowPrivate) return undefined;
  const host = hostOf(u).replace(/\.$/, "");
  if (isIP(host) ? isPrivateAddress(host) : BLOCKED_NAMES.some((re) => re.test(host))) {
    return "url must not point at a private, loopback, link-local or metadata address";
  }
  return undefined;
}

export class BlockedAddressError extends Error {
  readonly code = "EBLOCKEDADDRESS";
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request: resolves the name, refuses it when any of its addresses is
 * private (unless allowed) and connects to the address it checked.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      const list = addresses as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad || list.length === 0) {
        return callback(
          new BlockedAddressError(
            `${hostname} resolves to ${bad?.address ?? "nothing"}, which webhooks may not reach`,
          ),
          "",
        );
      }
      if (options.all) return callback(null, list);
      const first = list[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * For a client that cannot take `lookup` (fetch): resolves the URL's host and throws
 * BlockedAddressError when any address is private. The connection resolves again, so this
 * narrows DNS rebinding to that moment rather than closing it as `guardedLookup` does.
 */
export async function assertPublicHost(raw: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = hostOf(new URL(raw));
  const addresses = isIP(host) ? [{ address: host }] : await dnsLookupAll(host, { all: true });
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad || addresses.length === 0) {
    throw new BlockedAddressError(`${host} resolves to ${bad?.address ?? "nothing"}, which we may not reach`);
  }
}
