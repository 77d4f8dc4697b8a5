// The Android app.
package com.example.demoshop

import android.app.Application
import android.util.Log
import com.braze.Braze
import com.braze.configuration.BrazeConfig
import com.braze.support.BrazeLogger

class DemoApplication : Application() {
    override fun onCreate() {
        super.onCreate()
        val config = BrazeConfig.Builder()
            .setApiKey(BuildConfig.BRAZE_API_KEY)
            .setCustomEndpoint("sdk.iad-01.braze.com")
            .build()
        Braze.configure(this, config)
        // BRZ701: verbose logging in the release build.
        BrazeLogger.logLevel = Log.VERBOSE
        if (BuildConfig.DEBUG) {
            BrazeLogger.logLevel = Log.VERBOSE  // fine: debug builds only
        }
    }

    fun tvConfig(): BrazeConfig = BrazeConfig.Builder().apply {
        setApiKey(BuildConfig.BRAZE_TV_API_KEY)
        // BRZ204: the SDK takes the bare host, not a URL with a path.
        setCustomEndpoint("https://sdk.iad-01.braze.com/api/v3/data")
    }.build()

    fun wearConfig(): BrazeConfig = BrazeConfig.Builder()
        .setApiKey(BuildConfig.BRAZE_WEAR_API_KEY)
        // BRZ202: the REST host, given to the SDK.
        .setCustomEndpoint("rest.iad-01.braze.com")
        .build()
}

class LoginController(private val app: Application) {
    fun onLogin(user: User) {
        // BRZ301: the email as the external ID.
        Braze.getInstance(app).changeUser(user.email)
        Braze.getInstance(app).currentUser?.setEmail(user.email)  // fine
    }

    fun onLogout() {
        // BRZ303: a shared "guest" profile for everyone who logs out.
        Braze.getInstance(app).changeUser("guest")
    }
}
