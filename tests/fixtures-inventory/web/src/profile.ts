import * as braze from "@braze/web-sdk";
import { GROUPS } from "../../shared/groups";

export function saveProfile(user: { email: string; ampId: string }, state: string) {
  braze.getUser().setEmail(user.email);
  braze.getUser().setFirstName("Ada");
  braze.getUser().addAlias(user.ampId, "amplitude_id");
  braze.getUser().setEmailNotificationSubscriptionType("opted_in");
  braze.getUser().addToSubscriptionGroup(GROUPS.NEWSLETTER);
  braze.getUser().setPushNotificationSubscriptionType(state);
}
