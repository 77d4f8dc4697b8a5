import 'package:braze_plugin/braze_plugin.dart';

void saveProfile(BrazePlugin braze, User user) {
  braze.setEmail(user.email);
  braze.addAlias(user.ampId, 'amplitude_id');
  braze.setPushNotificationSubscriptionType(SubscriptionType.subscribed);
}
