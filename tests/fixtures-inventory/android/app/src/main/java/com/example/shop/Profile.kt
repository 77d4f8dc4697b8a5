package com.example.shop

import android.content.Context
import com.braze.Braze

class Profile(private val context: Context) {
    fun save(user: User) {
        Braze.getInstance(context).currentUser?.setFirstName(user.firstName)
        Braze.getInstance(context).currentUser?.setDateOfBirth(1990, Month.JANUARY, 1)
        Braze.getInstance(context).currentUser?.addToSubscriptionGroup("grp-newsletter")
    }
}
