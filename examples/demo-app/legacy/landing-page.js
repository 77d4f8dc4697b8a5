// The old marketing landing page, never migrated from the Appboy Web SDK.
// Mistake: the deprecated npm package; use "@braze/web-sdk" (BRZ703).
import appboy from "appboy-web-sdk";

export function start(apiKey) {
  // Mistake: the v3 `appboy` API; use braze.initialize (BRZ703).
  appboy.initialize(apiKey, { baseUrl: "sdk.iad-01.braze.com" });
}
