// Kotlin shapes for benchmarks/parity.py: one of each construct a Kotlin spec must read.
package com.example.shapes

import com.braze.Braze
import com.braze.configuration.BrazeConfig as Config
import com.example.util.*

const val API_KEY = "abc" + "def"
val endpoint: String = "sdk.iad-01.braze.com"

@Suppress("unused")
class Shapes(private val context: Context, val count: Int = -42) : BaseActivity(), Runnable, Listener<String> {
    companion object {
        const val NAME = "shapes"
        var mutable = "x"
        val BIG = 0x7fff_ffffL
        val RATIO = 1.5e3
        @JvmStatic fun create(c: Context) = Shapes(c)
    }

    private val braze = Braze.getInstance(context)
    var token: String? = null
        get() = field ?: "none"
        set(value) { field = value?.trim() }

    init {
        Braze.configure(context, Config.Builder().setApiKey(API_KEY).build())
    }

    constructor(context: Context, extra: String) : this(context) {
        track(extra)
    }

    override fun run() {
        if (BuildConfig.DEBUG) {
            braze.logCustomEvent("debug")
        } else if (isReady(check())) {
            braze.logCustomEvent("ready")
        } else {
            braze.logCustomEvent("other")
        }
        val label = if (flag) pick("a") else other("b")
        val fallback = user.email ?: user.id ?: "anonymous"
        val total = count * 2 + offset - (count / 3)
        val msg = "n=$count items ${user.name} \u0041\n"
        val raw = """
            raw $name ${'$'}
        """
        items[0] = value
        this.token = label
        token = fallback
        counter += 1
        Braze.getInstance(context).currentUser?.setEmail(msg)
        braze.getCurrentUser()!!.setCustomUserAttribute("k", true)
        BrazeConfig.Builder().apply {
            setApiKey(API_KEY)
            isFirebaseCloudMessagingRegistrationEnabled = true
        }
        with(braze) { requestImmediateDataFlush() }
        braze.run { logPurchase("sku", "USD", price) }
        user.let { it.id }
        list.forEach { item -> track(item) }
        list.map { it.trim() }.filter { it.isNotEmpty() }.forEachIndexed { i, s -> step(i, s) }
        subscribe(onNext = { e -> handle(e) }, retries = 3) { done() }
        val listed = listOf("x", 1, null)
        val mapped = mapOf("k" to 1, KEY to value, Pair("p", 2))
        val bundle = bundleOf("a" to "b")
        for (i in 0 until size()) {
            step(i)
        }
        for ((key, v) in mapped) {
            put(key, v)
        }
        for (name in names()) {
            braze.currentUser?.setCustomUserAttribute(name, true)
        }
        while (more()) { next() }
        do { again() } while (retry())
        when (kind) {
            1, 2 -> one()
            in 3..5 -> range()
            is String -> text()
            else -> none()
        }
        when {
            ready() -> go()
            else -> wait()
        }
        try {
            risky()
        } catch (e: IOException) {
            e.printStackTrace()
        } finally {
            close()
        }
        try { risky() } finally { cleanup() }
        val o = object : Runnable {
            override fun run() { track("anon") }
        }
        val f = fun(x: Int): Int { return x + 1 }
        val ref = ::track
        val klass = Shapes::class.java
        throw IllegalStateException("bad $label")
    }

    private fun isReady(v: Boolean): Boolean = v && !stopped || forced

    fun varargs(first: String, vararg rest: String) {
        rest.toList().forEach(::println)
        array[index].call()
        (this as Shapes).run()
        val c = "abc"[0]
        val lambda: (String) -> String = { x -> x + "!" }
    }

    interface Listener<T> {
        val name: String get() = "listener"
        fun on(event: T)
        fun off() { Braze.getInstance(null).logCustomEvent("off") }
    }

    enum class Level(val text: String) : Ranked {
        LOW("low"), HIGH("high") {
            override fun label() = "HIGH"
        };
        open fun label() = text
    }

    data class Point(val x: Int, val y: Int) : Comparable<Point> {
        override fun compareTo(other: Point): Int = x.compareTo(other.x)
    }

    object Registry {
        val items = mutableListOf<String>()
        fun add(item: String) { items.add(item) }
    }

    sealed class Result {
        data class Ok(val value: String) : Result()
        object Failed : Result()
    }
}

fun String.shout(): String = uppercase() + "!"

suspend fun load(id: String) = withContext(Dispatchers.IO) { fetch(id) }
