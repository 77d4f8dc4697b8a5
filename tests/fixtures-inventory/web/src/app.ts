import * as braze from "@braze/web-sdk";
import { EVENTS } from "../../shared/events";
import { track } from "./analytics";

braze.initialize(config.brazeKey, { baseUrl: "sdk.iad-01.braze.com" });

export function onLogin(user: { id: string }) {
  braze.changeUser(user.id);
}

export function onProduct(product: { sku: string }, eventName: string) {
  braze.logCustomEvent(EVENTS.PRODUCT_VIEWED, { sku: "A1", price: 9.99, in_stock: true });
  track("Product Viewed", { sku: product.sku, seen_at: new Date() });
  braze.logCustomEvent(eventName);
  braze.logPurchase("sku-1", 9.99, "USD", 1, { coupon: "SPRING" });
  braze.getUser().setCustomUserAttribute("plan", "pro");
}
