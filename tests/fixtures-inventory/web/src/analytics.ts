import * as braze from "@braze/web-sdk";

export function track(name: string, properties?: Record<string, unknown>) {
  braze.logCustomEvent(name, properties);
}
