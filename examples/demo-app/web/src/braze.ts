import * as braze from "@braze/web-sdk";

const SDK_API_KEY = "4149fcbf-ee7a-45a8-8e89-e17e9fec1306";
// Mistake: the REST host given to the SDK (BRZ202), and logging left on (BRZ701).
const BRAZE_HOST = "rest.iad-01.braze.com";

export function startBraze(): void {
  braze.initialize(SDK_API_KEY, { baseUrl: BRAZE_HOST, enableLogging: true });
  braze.automaticallyShowInAppMessages();
  braze.openSession();
}

interface Account {
  id: string;
  email: string;
}

export function onLogin(account: Account): void {
  // Mistake: the email as external ID (BRZ301).
  braze.changeUser(account.email);
  braze.getUser()?.setEmail(account.email);
}

export function onLogout(): void {
  // Mistake: "logging out" by changing to no user (BRZ303).
  braze.changeUser(null as unknown as string);
}

export function startGuestCheckout(): void {
  // Mistake: one literal ID for every guest, so all guests share one profile (BRZ307).
  braze.changeUser("guest-checkout");
}

export function onCheckout(orderId: string, total: number): void {
  // Mistake: a purchase logged as a custom event (BRZ401).
  braze.logCustomEvent("purchase", { order_id: orderId, total });
  // Fine: the eCommerce recommended event.
  braze.logCustomEvent("ecommerce.order_placed", { order_id: orderId, total_value: total });
}

export function onProduct(sku: string): void {
  // Mistake: the iOS app logs "productViewed"; Braze counts two events (BRZ405).
  braze.logCustomEvent("product_viewed", { sku });
  // Mistake: the iOS app sets this attribute to a string, here a number (BRZ406).
  braze.getUser()?.setCustomUserAttribute("loyalty_tier", 2);
}

export function onWishlist(sku: string): void {
  // Mistake: an event the tracking plan (tracking-plan.toml) does not list (BRZ407).
  braze.logCustomEvent("wishlist_added", { sku });
}
