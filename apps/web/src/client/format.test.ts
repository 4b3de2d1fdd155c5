import { describe, expect, it } from "vitest";
import { describeDevice, formatTime } from "./format";

describe("describeDevice", () => {
  it("names browser and OS", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36")).toBe(
      "Chrome on Linux",
    );
    expect(describeDevice("curl/8.1.0")).toBe("curl");
    expect(describeDevice(null)).toBe("Unknown device");
  });
});

describe("formatTime", () => {
  it("shows a dash for missing times", () => {
    expect(formatTime(null)).toBe("—");
    expect(formatTime(0)).not.toBe("—");
  });
});
