app_name = "compare"

urlpatterns: list = []
