import * as braze from "@braze/web-sdk";

interface Shopper {
  id: string;
  plan: string;
  sessionId: string;
  accountNumber: string;
}

export function onSignIn(shopper: Shopper): void {
  // Mistake: the attribute is set before changeUser, so it lands on the anonymous
  // user (BRZ302).
  braze.getUser()?.setCustomUserAttribute("plan", shopper.plan);
  braze.changeUser(shopper.id);
  // Fine: after identification.
  braze.getUser()?.setCustomUserAttribute("plan", shopper.plan);
}

export function onGuestCheckout(shopper: Shopper): void {
  // Mistake: a session ID changes every visit; each visit becomes a new profile (BRZ305).
  braze.changeUser(shopper.sessionId);
}

export function onReturningShopper(shopper: Shopper): void {
  // Mistake: everywhere else (web and server) users are identified by their `id`; the
  // account number here gives the same person a second profile (BRZ306).
  braze.changeUser(shopper.accountNumber);
}

export function onPaid(sku: string, total: number): void {
  // Mistake: the Web SDK's order is (productId, price, currency) (BRZ402).
  braze.logPurchase(sku, "USD", total);
  // Fine.
  braze.logPurchase(sku, total, "USD", 1);
  // Mistake: `price` is a reserved purchase property key (BRZ403).
  braze.logPurchase(sku, total, "USD", 1, { price: total });
}

export function onNewsletterOptIn(): void {
  // Mistake: "optedin" is the React Native spelling; the Web SDK wants "opted_in" (BRZ404).
  braze.getUser()?.setEmailNotificationSubscriptionType("optedin");
  // Fine: the SDK's own enum.
  braze.getUser()?.setEmailNotificationSubscriptionType(
    braze.User.NotificationSubscriptionTypes.OPTED_IN,
  );
}
