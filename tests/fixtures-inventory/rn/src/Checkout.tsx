import Braze from "@braze/react-native-sdk";
import { EVENTS } from "../../shared/events";

export function startCheckout(account: { id: string }, count: number) {
  Braze.changeUser(account.id);
  Braze.logCustomEvent(EVENTS.CHECKOUT_STARTED, { items: 3 });
  Braze.logCustomEvent("productViewed", { sku: "A1" });
  Braze.setCustomUserAttribute("plan", "pro");
  return null;
}
