from django.http import HttpResponse
from django.urls import path

from clubsite.urls import urlpatterns as site_urlpatterns


def baseline(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/baseline/", baseline), *site_urlpatterns]
