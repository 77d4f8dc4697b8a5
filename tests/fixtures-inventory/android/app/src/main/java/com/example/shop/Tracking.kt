package com.example.shop

import android.content.Context
import com.braze.Braze
import com.braze.models.outgoing.BrazeProperties

class Tracking(private val context: Context) {
    fun viewed(user: User) {
        Braze.getInstance(context).changeUser(user.id)
        Braze.getInstance(context).logCustomEvent(
            "product_viewed",
            BrazeProperties(mapOf("sku" to "A1", "price" to 9.99)),
        )
        Braze.getInstance(context).currentUser?.setCustomUserAttribute("plan", "pro")
    }
}
