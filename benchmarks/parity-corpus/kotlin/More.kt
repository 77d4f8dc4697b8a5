// More Kotlin shapes for benchmarks/parity.py: receivers, labels, strings, objects.
@file:JvmName("More")
package com.example.more

import com.braze.Braze
import com.braze.enums.NotificationSubscriptionType.OPTED_IN as Opted

object Analytics {
    val EVENT = "purchase"
    var count = 0
    const val KEY: String = "k"
    fun track(name: String, props: Map<String, Any> = emptyMap()) {
        Braze.getInstance(App.context).logCustomEvent(name, BrazeProperties(props))
    }
}

class Outer {
    inner class Inner {
        fun go() {
            this@Outer.ping()
            super.toString()
            this.value = 1
        }
    }

    fun ping() {
        val user = braze.currentUser ?: return
        user.setEmail(email = "a@b.c", force = true)
        braze.getCurrentUser { u -> u?.setFirstName(name) }
        braze?.currentUser?.apply {
            setLastName("x")
            setCustomUserAttribute("plan", plan.name)
            email = "z"
        }.also { println(it) }
        run { setup() }
        with(Braze.getInstance(ctx)) {
            changeUser(id)
            currentUser?.setEmail(mail)
        }
        listOf(1, 2).forEach { n -> Analytics.track("n$n") }
        repeat(3) { i -> tick(i) }
        val t = try { parse() } catch (e: Exception) { null }
        val s = "${'$'}{a} $${b} \$c ${user.id}${ids[0]}"
        val multi = """
            |line $one
            |${two()}
        """.trimMargin()
        val nested = "outer ${"inner $x"} end"
        val e = when {
            x > 1 && y -> "a"
            else -> "b"
        }
        when (val k = kind()) {
            is A, is B -> handle(k)
            !in list -> skip()
        }
        val p = Pair("a", 1)
        val m = mutableMapOf<String, Any>("x" to 1, "y" to listOf("z"))
        val h = hashMapOf(1 to "one")
        val arr = arrayOf<String>()
        val c = 'c'
        val l = 10L
        val neg = -1.5f
        val u = 0xFFu
        val b = 0b1010
        val chars = charArrayOf('a')
        val q = obj!!.field!!.call()
        val r = (a ?: b)?.let { it + 1 }
        label@ for (x in xs) { if (x) break@label else continue@label }
        xs.filter { it > 0 }.map { it * 2 }.sumOf { it }
        items.mapNotNull { it.id }.forEach(::println)
        fun localFun(z: Int) = z * 2
        val anon = object : Callback { override fun done() { finish() } }
        throw Error("x")
    }

    val lazyValue: String by lazy { compute() }
    var prop: Int = 0
        private set

    companion object Factory {
        val instance = Outer()
        fun make(): Outer = Outer()
    }
}

enum class Color { RED, GREEN }

typealias Handler = (String) -> Unit

fun <T> generic(x: T): T where T : Comparable<T> = x

val top = Analytics.EVENT + "_" + Color.RED.name
var topVar = if (a) { b() } else { c() }
