import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/errors.js";
import { isStoreOutage, UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableError } from "./unavailable.js";

const withCode = (code: string, message = "boom") => Object.assign(new Error(message), { code });

describe("store outage classification", () => {
  it.each([
    [
      "57P01 admin shutdown (pg_ctl restart -m fast)",
      withCode("57P01", "terminating connection due to administrator command"),
    ],
    ["57P02 crash shutdown", withCode("57P02")],
    ["57P03 cannot connect now (starting up)", withCode("57P03", "the database system is starting up")],
    ["08006 connection failure (class 08)", withCode("08006")],
    ["08001 unable to connect (class 08)", withCode("08001")],
    ["53300 too many connections (class 53)", withCode("53300")],
    ["57014 statement timeout", withCode("57014", "canceling statement due to statement timeout")],
    ["25P03 idle-in-transaction timeout", withCode("25P03")],
    ["ECONNREFUSED", withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["ECONNRESET", withCode("ECONNRESET", "read ECONNRESET")],
    ["Connection terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    ["pg connect timeout", new Error("Connection terminated due to connection timeout")],
    ["pg-pool connect timeout", new Error("timeout exceeded when trying to connect")],
    ["a broken client", new Error("Client has encountered a connection error and is not queryable")],
    ["a pool ended by shutdown", new Error("Cannot use a pool after calling end on the pool")],
    [
      "ECONNREFUSED inside an AggregateError (IPv4 and IPv6 both refused)",
      new AggregateError([withCode("ECONNREFUSED")], ""),
    ],
    ["an outage as the cause", new Error("reserve failed", { cause: withCode("57P01") })],
  ])("%s is an outage: 503 UNAVAILABLE with a retry hint", (_name, err) => {
    expect(isStoreOutage(err)).toBe(true);
    const mapped = unavailableError(err);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped?.code).toBe("UNAVAILABLE");
    expect(mapped?.details).toEqual({ retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });
  });

  it.each([
    ["unique violation", withCode("23505", "duplicate key value violates unique constraint")],
    ["foreign key violation", withCode("23503")],
    ["check violation", withCode("23514")],
    ["syntax error", withCode("42601")],
    ["serialization failure", withCode("40001")],
    ["a domain error", new AppError("SOLD_OUT", "Sold out")],
    ["a domain error whose message mentions a connection", new AppError("CONFLICT", "Connection terminated")],
    ["a plain bug", new TypeError("cannot read properties of undefined")],
    ["not an error at all", "Connection terminated"],
    ["undefined", undefined],
  ])("%s is not an outage", (_name, err) => {
    expect(isStoreOutage(err)).toBe(false);
    expect(unavailableError(err)).toBeUndefined();
  });
});
