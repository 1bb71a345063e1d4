"""Open-data pages: public, like the contributions' open data (no permission to check)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from publication import open_data


def index(request):
    files = [
        {
            "data": data,
            "csv_url": reverse(data.csv_url_name),
            "json_url": reverse(data.json_url_name),
        }
        for data in open_data.DATA_FILES
    ]
    return render(
        request,
        "publication/open_data/index.html",
        {"files": files, "licence": open_data.LICENCE, "datapackage_url": reverse("publication_open_data:datapackage")},
    )


def commitments_csv(request):
    return open_data.csv_response(open_data.commitment_rows(), open_data.COMMITMENT_FIELDS, "commitments.csv")


def commitments_json(request):
    return open_data.json_response(open_data.commitment_rows())


def milestones_csv(request):
    return open_data.csv_response(open_data.milestone_rows(), open_data.MILESTONE_FIELDS, "milestones.csv")


def milestones_json(request):
    return open_data.json_response(open_data.milestone_rows())


def datapackage(request):
    return JsonResponse(open_data.datapackage(), json_dumps_params={"ensure_ascii": False, "indent": 2})
