/** T4 deadline arithmetic on the Beijing clock, without a database. */
import { describe, expect, it } from "vitest";
import { addMonths, deadlineOf, isOnTime, monthEnd, periodOf, periodsBetween } from "../src/period.js";
import { beijing } from "./helpers.js";

describe("T4: reports are due before the 25th, Beijing time", () => {
  it("24th 23:59:59 +08:00 is on time; 25th 00:00:00 +08:00 is late", () => {
    expect(deadlineOf("2021-05", 25).toISOString()).toBe("2021-05-24T16:00:00.000Z");
    expect(isOnTime(beijing("2021-05-24 23:59:59"), "2021-05", 25)).toBe(true);
    expect(isOnTime(beijing("2021-05-25 00:00:00"), "2021-05", 25)).toBe(false);
    // The same instant in UTC is still the 24th: the Beijing clock decides, not the server's zone.
    expect(isOnTime(new Date("2021-05-24T16:00:00Z"), "2021-05", 25)).toBe(false);
  });

  it("the month of an instant is the Beijing month, across month and year ends", () => {
    expect(periodOf(beijing("2021-05-31 23:59:59"))).toBe("2021-05");
    expect(periodOf(beijing("2021-06-01 00:00:00"))).toBe("2021-06");
    expect(periodOf(new Date("2021-05-31T16:00:00Z"))).toBe("2021-06");
    expect(periodOf(beijing("2021-12-31 23:59:59"))).toBe("2021-12");
    expect(periodOf(beijing("2022-01-01 00:00:00"))).toBe("2022-01");
    expect(monthEnd("2021-12").toISOString()).toBe("2021-12-31T16:00:00.000Z");
  });

  it("a report for an earlier month filed now is late; a shorter due day moves the deadline", () => {
    expect(isOnTime(beijing("2021-07-03 10:00:00"), "2021-06", 25)).toBe(false);
    expect(isOnTime(beijing("2021-06-19 23:59:59"), "2021-06", 20)).toBe(true);
    expect(isOnTime(beijing("2021-06-20 00:00:00"), "2021-06", 20)).toBe(false);
  });

  it("months add and range across year ends", () => {
    expect(addMonths("2021-12", 1)).toBe("2022-01");
    expect(addMonths("2022-01", -1)).toBe("2021-12");
    expect(addMonths("2021-05", -13)).toBe("2020-04");
    expect(periodsBetween("2021-11", "2022-02")).toEqual(["2021-11", "2021-12", "2022-01", "2022-02"]);
  });
});
