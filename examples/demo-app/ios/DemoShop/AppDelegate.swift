// The iOS app: set up from another team's snippet, so it talks to the wrong cluster.
import BrazeKit
import UIKit

@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  static var braze: Braze? = nil

  func application(
    _ application: UIApplication,
    didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?
  ) -> Bool {
    // BRZ203: the Android app, the web app and the server use US-01 (iad-01).
    let configuration = Braze.Configuration(
      apiKey: Secrets.brazeApiKey,
      endpoint: "sdk.iad-03.braze.com"
    )
    // BRZ701: verbose logging in the App Store build.
    configuration.logger.level = .debug
    #if DEBUG
    configuration.logger.level = .info  // fine: debug builds only
    #endif
    AppDelegate.braze = Braze(configuration: configuration)
    return true
  }

  func notificationExtensionConfiguration() -> Braze.Configuration {
    // BRZ201: there is no US-09 cluster.
    Braze.Configuration(apiKey: Secrets.brazeApiKey, endpoint: "sdk.iad-09.braze.com")
  }
}

final class Session {
  func didLogIn(email: String, userId: String) {
    // BRZ301: an email is not a permanent ID.
    AppDelegate.braze?.changeUser(userId: email)
    AppDelegate.braze?.user.set(email: email)  // fine: email as an attribute
  }

  func logOut() {
    // BRZ303: a profile cannot go back to anonymous.
    AppDelegate.braze?.changeUser(userId: "")
  }

  func orderCompleted(orderId: String) {
    // BRZ401: revenue never sees this.
    AppDelegate.braze?.logCustomEvent(name: "purchase_completed", properties: ["order_id": orderId])
    AppDelegate.braze?.logPurchase(productId: "sku-1", currency: "USD", price: 9.99)  // fine
  }

  func productViewed(sku: String) {
    // The web app spells this event "product_viewed": see web/src/braze.ts (BRZ405).
    AppDelegate.braze?.logCustomEvent(name: "productViewed", properties: ["sku": sku])
    AppDelegate.braze?.user.setCustomAttribute(key: "loyalty_tier", value: "gold")
  }
}
