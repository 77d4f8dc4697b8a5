// Kotlin shapes for benchmarks/parity.py: an Android activity, annotations, literals, loops.

class MainActivity : AppCompatActivity() {
    private lateinit var braze: Braze
    private val prefs by lazy { getSharedPreferences("p", MODE_PRIVATE) }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        startActivity(Intent(this, Other::class.java).apply { putExtra("k", 1) })
        braze = Braze.getInstance(applicationContext)
        Braze.getInstance(this).currentUser?.let { user ->
            user.setCustomAttribute("a", 1)
        }
        findViewById<Button>(R.id.b).setOnClickListener { v -> onClick(v) }
        lifecycleScope.launch { delay(100); braze.requestImmediateDataFlush() }
        val cfg = BrazeConfig.Builder()
            .setApiKey(getString(R.string.key))
            .setCustomEndpoint("sdk.iad-05.braze.com")
            .build()
        Braze.configure(this, cfg)
        val props = BrazeProperties().addProperty("x", 1).addProperty("y", "z")
        braze.logCustomEvent("opened", props)
        if (x) a() else if (y) b() else c()
        val v = when (x) { in 1..2 -> "a"; else -> "b" }
        val str = """$x and ${y.z}"""
        val esc = "tab\there \"q\" \\ \u00e9 \$notvar"
        val sum = a + b * c - d / e % f
        val cmp = a == b && c != d || !e
        val range = 1..10 step 2
        val elvis = a?.b?.c ?: d?.e ?: throw IllegalStateException()
        val cast = x as? String ?: ""
        val isCheck = x is String
        val ref = this::onCreate
        val lam = { a: Int, b: Int -> a + b }
        val fn = fun Int.(other: Int) = this + other
        do { x++ } while (x < 10)
        while (true) { if (done()) break }
        for ((i, v) in list.withIndex()) { use(i, v) }
        for (i in 0..<n) { }
        try { risky() } catch (e: IOException) { log(e) } catch (e: Exception) { } finally { }
    }

    @SuppressLint("MissingPermission")
    @Deprecated(message = "x", level = DeprecationLevel.WARNING)
    fun annotated() = Unit

    private suspend inline fun <reified T> typed(): T = TODO()
}

interface Service {
    companion object { const val URL = "https://rest.iad-01.braze.com/users/track" }
    fun call()
}

abstract class Base<T>(val x: T) : Parent<T>(x), Iface by Impl()
data class D(val a: String = "a", var b: Int)
annotation class Ann(val v: String)
sealed interface S
