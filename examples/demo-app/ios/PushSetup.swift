// Push setup, written before the app moved to BrazeKit's push support.
import UIKit
import UserNotifications

extension AppDelegate {
  func enablePush(_ application: UIApplication) {
    UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .badge, .sound]) { _, _ in }
    application.registerForRemoteNotifications()
  }

  // Mistake: the token goes to our backend only; Braze never gets it and cannot push
  // (BRZ702). Call `AppDelegate.braze?.notifications.register(deviceToken:)` here.
  func application(_ application: UIApplication, didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data) {
    PushBackend.shared.upload(token: deviceToken)
  }
}
