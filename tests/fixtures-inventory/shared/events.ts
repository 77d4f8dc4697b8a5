export const EVENTS = {
  PRODUCT_VIEWED: "product_viewed",
  CHECKOUT_STARTED: "checkout_started",
};
