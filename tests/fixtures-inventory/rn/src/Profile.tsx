import Braze from "@braze/react-native-sdk";

export function saveProfile(user: { email: string; ampId: string }) {
  Braze.setEmail(user.email);
  Braze.addAlias(user.ampId, "amplitude_id");
  Braze.setEmailNotificationSubscriptionType(Braze.NotificationSubscriptionTypes.OPTED_IN);
  return null;
}
