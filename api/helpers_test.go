package api_test

import (
	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/store"
)

type apiDeps = api.Deps

func storeFilter() store.UserFilter { return store.UserFilter{} }
func storePage() store.Page         { return store.Page{Limit: 200} }

func storeOrgFilter() store.OrganizationFilter { return store.OrganizationFilter{} }
