import BrazeKit

let productViewed = "products_viewed"

final class Tracking {
  let braze: Braze

  init(braze: Braze) {
    self.braze = braze
  }

  func viewed(user: User) {
    braze.changeUser(userId: user.id)
    braze.logCustomEvent(name: productViewed, properties: ["sku": "A1", "price": "9.99"])
    braze.logPurchase(productId: "sku-1", currency: "USD", price: 9.99)
    braze.user.setCustomAttribute(key: "plan", value: "pro")
  }
}
