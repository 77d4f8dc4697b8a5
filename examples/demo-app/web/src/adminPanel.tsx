import React from "react";

// Mistake: a browser component calling the Braze REST API (BRZ102). The REST API key it
// needs would ship to every visitor; call your own server, which calls Braze.
export function ResendWelcome({ userId }: { userId: string }) {
  const resend = () =>
    fetch("https://rest.iad-01.braze.com/campaigns/trigger/send", {
      method: "POST",
      headers: { Authorization: `Bearer ${process.env.BRAZE_REST_API_KEY}` },
      body: JSON.stringify({ campaign_id: "welcome", recipients: [{ external_user_id: userId }] }),
    });
  return <button onClick={resend}>Resend welcome</button>;
}
