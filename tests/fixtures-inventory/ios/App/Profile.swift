import BrazeKit

final class Profile {
  let braze: Braze

  init(braze: Braze) {
    self.braze = braze
  }

  func save(user: User) {
    braze.user.set(email: user.email)
    braze.user.add(alias: user.ampId, label: "amplitude_id")
    braze.user.set(emailSubscriptionState: .optedIn)
    braze.user.removeFromSubscriptionGroup(id: "grp-newsletter")
  }
}
