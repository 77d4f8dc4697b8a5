ORDER_SHIPPED = "order_shipped"
